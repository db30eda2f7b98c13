package io.tlsinspect.decoder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    private static final UnaryOperator<String> SAME = s -> s;

    @Test
    void aValueIsComputedOncePerKeyWhileItIsKept() {
        BoundedCache<String, Integer> c = new BoundedCache<>(10, 1_000, String::length);
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThat(c.get("abc", SAME, () -> computed.incrementAndGet() * 100)).isEqualTo(100);
        }
        assertThat(computed).hasValue(1);
        assertThat(c.misses()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedKeyGoesFirstWhenEntriesRunOut() {
        BoundedCache<String, String> c = new BoundedCache<>(2, 1_000, String::length);
        c.get("a", SAME, () -> "A");
        c.get("b", SAME, () -> "B");
        c.get("a", SAME, () -> "A"); // "a" used last: "b" is the eldest
        c.get("c", SAME, () -> "C"); // three entries > 2: "b" evicted
        long before = c.misses();
        c.get("a", SAME, () -> "A");
        assertThat(c.misses()).as("a kept").isEqualTo(before);
        c.get("b", SAME, () -> "B");
        assertThat(c.misses()).as("b recomputed").isEqualTo(before + 1);
    }

    @Test
    void theWeightOfKeptKeysStaysWithinItsBudget() {
        BoundedCache<String, String> c = new BoundedCache<>(1_000, 160, String::length);
        c.get("x".repeat(10), SAME, () -> "1");
        for (int i = 0; i < 30; i++) {
            c.get(Integer.toString(i).repeat(5), SAME, () -> "v"); // 10 + 10 x 5 + 20 x 10 = 260 > 160
        }
        long before = c.misses();
        c.get("x".repeat(10), SAME, () -> "1");
        assertThat(c.misses()).as("the first key was evicted by weight").isEqualTo(before + 1);
    }

    @Test
    void aKeyHeavierThanASixteenthOfTheBudgetIsComputedButNotKept() {
        BoundedCache<String, String> c = new BoundedCache<>(1_000, 160, String::length);
        String giant = "g".repeat(11); // 11 > 160 / 16
        AtomicInteger keepCalls = new AtomicInteger();
        c.get(giant, k -> { keepCalls.incrementAndGet(); return k; }, () -> "G");
        c.get(giant, SAME, () -> "G");
        assertThat(c.misses()).isEqualTo(2);
        assertThat(keepCalls).as("never copied for keeping").hasValue(0);
    }
}
