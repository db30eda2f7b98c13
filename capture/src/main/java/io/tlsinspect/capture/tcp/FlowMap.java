package io.tlsinspect.capture.tcp;

/**
 * The flow table's index: flows by key, in open addressing with linear probing (Knuth 6.4,
 * algorithm L; deletion by moving later entries back, algorithm R, so no tombstones build up).
 * Looked up on every segment: a HashMap reached each flow through a node of its own (one more object
 * per flow and one more cache miss per segment); here the hashes sit in one array beside the flows,
 * and a key is compared only when its whole hash matches. At most half full, so probes stay short.
 */
final class FlowMap {
    private static final int MIN_SLOTS = 64;

    private Flow[] flows = new Flow[MIN_SLOTS];
    private int[] hashes = new int[MIN_SLOTS];
    private int mask = MIN_SLOTS - 1;
    private int size;

    int size() {
        return size;
    }

    Flow get(FlowKey k) {
        int h = k.hashCode();
        int i = h & mask;
        Flow f;
        while ((f = flows[i]) != null) {
            if (hashes[i] == h && f.hasKey(k)) {
                return f;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Adds a flow whose key is not in the map. */
    void add(Flow f) {
        if (2 * (size + 1) > flows.length) {
            grow();
        }
        insert(f, f.hash);
        size++;
    }

    private void insert(Flow f, int h) {
        int i = h & mask;
        while (flows[i] != null) {
            i = (i + 1) & mask;
        }
        flows[i] = f;
        hashes[i] = h;
    }

    private void grow() {
        Flow[] oldFlows = flows;
        int[] oldHashes = hashes;
        flows = new Flow[oldFlows.length * 2];
        hashes = new int[oldFlows.length * 2];
        mask = flows.length - 1;
        for (int i = 0; i < oldFlows.length; i++) {
            if (oldFlows[i] != null) {
                insert(oldFlows[i], oldHashes[i]);
            }
        }
    }

    /** Removes this flow (the very object) if it is in the map. */
    void remove(Flow f) {
        int i = f.hash & mask;
        Flow g;
        while ((g = flows[i]) != f) {
            if (g == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        size--;
        // Algorithm R: move back every later entry of the run that the hole would cut off from its slot.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            Flow e = flows[j];
            if (e == null) {
                break;
            }
            int home = hashes[j] & mask;
            // e may move to the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                flows[hole] = e;
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        flows[hole] = null;
        hashes[hole] = 0;
    }
}
