package io.tlsinspect.decoder.fingerprint;

import java.util.ArrayList;
import java.util.List;

/** A growable list of ints, cleared and refilled for every hello: no boxing while a hello is read. */
public final class IntList {
    private int[] a = new int[32];
    private int n;

    public void add(int v) {
        if (n == a.length) {
            a = java.util.Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    public int size() {
        return n;
    }

    public int get(int i) {
        return a[i];
    }

    public boolean contains(int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** The backing array: valid up to {@link #size}. */
    int[] array() {
        return a;
    }

    public void clear() {
        n = 0;
    }

    /** An immutable copy, boxed: made once per distinct hello, then shared. */
    public List<Integer> toList() {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(a[i]);
        }
        return List.copyOf(out);
    }
}
