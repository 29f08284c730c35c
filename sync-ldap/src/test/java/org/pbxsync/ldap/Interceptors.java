package org.pbxsync.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Operation interceptors for the in-memory directory. */
final class Interceptors {
    private Interceptors() {
    }

    /** Records every write request and counts searches: proves the source is read-only. */
    static class WriteRecorder extends InMemoryOperationInterceptor {
        final List<String> writes = new CopyOnWriteArrayList<>();
        final AtomicInteger searches = new AtomicInteger();

        @Override
        public void processAddRequest(InMemoryInterceptedAddRequest r) {
            writes.add("add " + r.getRequest().getDN());
        }

        @Override
        public void processModifyRequest(InMemoryInterceptedModifyRequest r) {
            writes.add("modify " + r.getRequest().getDN());
        }

        @Override
        public void processDeleteRequest(InMemoryInterceptedDeleteRequest r) {
            writes.add("delete " + r.getRequest().getDN());
        }

        @Override
        public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest r) {
            writes.add("modifyDN " + r.getRequest().getDN());
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest r) {
            searches.incrementAndGet();
        }
    }

    /** Counts paged search requests. */
    static final class PageCounter extends InMemoryOperationInterceptor {
        final AtomicInteger pagedRequests = new AtomicInteger();

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest r) {
            if (r.getRequest().hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)) {
                pagedRequests.incrementAndGet();
            }
        }
    }

    /** Drops every client connection when the n-th paged search request arrives. */
    static final class KillOnPage extends InMemoryOperationInterceptor {
        final AtomicReference<InMemoryDirectoryServer> server = new AtomicReference<>();
        final int page;
        final AtomicInteger pagedRequests = new AtomicInteger();

        KillOnPage(int page) {
            this.page = page;
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest r) {
            if (r.getRequest().hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)
                    && pagedRequests.incrementAndGet() == page) {
                CountDownLatch closed = new CountDownLatch(1);
                Thread t = new Thread(() -> {
                    server.get().closeAllConnections(false);
                    closed.countDown();
                });
                t.setDaemon(true);
                t.start();
                try {
                    closed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Emulates Active Directory's range retrieval for {@code member}: at most {@code max} values
     * per answer, named {@code member;range=a-b}, and {@code member;range=a-*} for the last.
     */
    static final class RangeEmulator extends InMemoryOperationInterceptor {
        final int max;
        final List<String> rangeRequests = new CopyOnWriteArrayList<>();

        RangeEmulator(int max) {
            this.max = max;
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest r) {
            List<String> attrs = new ArrayList<>(r.getRequest().getAttributeList());
            Integer start = null;
            for (int i = 0; i < attrs.size(); i++) {
                String a = attrs.get(i).toLowerCase(Locale.ROOT);
                if (a.startsWith("member;range=")) {
                    rangeRequests.add(attrs.get(i));
                    start = Integer.parseInt(a.substring("member;range=".length(), a.indexOf('-')));
                    attrs.set(i, "member");
                } else if (a.equals("member")) {
                    start = 0;
                }
            }
            if (start != null) {
                r.setProperty("rangeStart", start);
                SearchRequest copy = r.getRequest().duplicate();
                copy.setAttributes(attrs);
                r.setRequest(copy);
            }
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry e) {
            Integer start = (Integer) e.getProperty("rangeStart");
            Entry entry = e.getSearchEntry();
            Attribute member = entry.getAttribute("member");
            if (start == null || member == null || (start == 0 && member.size() <= max)) {
                return;
            }
            List<String> values = Arrays.asList(member.getValues());
            int end = Math.min(start + max, values.size());
            Entry copy = entry.duplicate();
            copy.removeAttribute("member");
            String name = "member;range=" + start + "-" + (end == values.size() ? "*" : String.valueOf(end - 1));
            copy.addAttribute(new Attribute(name, values.subList(start, end)));
            e.setSearchEntry(copy);
        }
    }
}
