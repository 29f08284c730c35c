package org.pbxsync.pbx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void delaysDoubleUpToTheMaximum() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(1), p.delayAfter(1, Optional.empty()));
        assertEquals(Duration.ofSeconds(2), p.delayAfter(2, Optional.empty()));
        assertEquals(Duration.ofSeconds(4), p.delayAfter(3, Optional.empty()));
        assertEquals(Duration.ofSeconds(5), p.delayAfter(4, Optional.empty()));
        assertEquals(Duration.ofSeconds(5), p.delayAfter(60, Optional.empty()));
    }

    @Test
    void retryAfterIsHonouredUpToTheMaximum() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(7), p.delayAfter(1, Optional.of(Duration.ofSeconds(7))));
        assertEquals(Duration.ofSeconds(2), p.delayAfter(2, Optional.of(Duration.ofMillis(10))));
        assertEquals(Duration.ofSeconds(30), p.delayAfter(1, Optional.of(Duration.ofMinutes(5))));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    }
}
