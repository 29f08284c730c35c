package org.pbxsync.core.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * House style for Immutables value types: the author writes a package-private
 * {@code AbstractFoo}; users see the generated public final {@code Foo} with a builder,
 * {@code withX} copy methods and no Guava.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        typeAbstract = "Abstract*",
        typeImmutable = "*",
        visibility = Value.Style.ImplementationVisibility.PUBLIC,
        builderVisibility = Value.Style.BuilderVisibility.PUBLIC,
        jdkOnly = true,
        get = {"get*", "is*"},
        defaults = @Value.Immutable(copy = true),
        allParameters = false)
public @interface SdkStyle {}
