package io.jasyncio.internal.buffer;

/**
 * The search of a {@code readUntil} for one of several separators (asyncio 3.13's {@code readuntil} with a tuple) in
 * a {@link SegmentQueue} that grows between calls. When several separators match, the match that ends first wins
 * (the shortest result); among those that end at the same byte, the first given. A search that finds nothing
 * remembers how far no match can start, so the next call looks only at what arrived since, plus an overlap for a
 * separator split across two arrivals.
 *
 * <p>Loop-confined; one per read.
 */
public final class SeparatorSearch {
    private final byte[][] separators;
    private final int minLength;
    private final int maxLength;
    /** No match starts before this index of the queue. */
    private long searched;
    /** The match {@link #find} found: {@code [start, end)}; -1 before. */
    private long start = -1;

    private long end = -1;

    /**
     * Prepares a search.
     *
     * @param separators one or more non-empty separators (kept, not copied: the search lasts one read)
     * @throws IllegalArgumentException if there is none, or one is empty
     */
    public SeparatorSearch(byte[]... separators) {
        if (separators.length == 0) {
            throw new IllegalArgumentException("give at least one separator");
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (byte[] s : separators) {
            if (s.length == 0) {
                throw new IllegalArgumentException("separators must not be empty");
            }
            min = Math.min(min, s.length);
            max = Math.max(max, s.length);
        }
        this.separators = separators;
        this.minLength = min;
        this.maxLength = max;
    }

    /**
     * Searches the bytes that arrived since the last call (nothing when too few did for the shortest separator).
     *
     * @return whether a separator was found; then {@link #start()} and {@link #end()} say where
     */
    public boolean find(SegmentQueue q) {
        long size = q.size();
        if (size - searched < minLength) {
            return false;
        }
        long matchStart = -1;
        long matchEnd = Long.MAX_VALUE;
        for (byte[] sep : separators) {
            long i = q.indexOf(sep, searched);
            if (i >= 0 && i + sep.length < matchEnd) {
                matchEnd = i + sep.length;
                matchStart = i;
            }
        }
        if (matchStart >= 0) {
            start = matchStart;
            end = matchEnd;
            return true;
        }
        searched = Math.max(0, size + 1 - maxLength); // a longer separator may still end in the bytes to come
        return false;
    }

    /** Returns how far the bytes hold no match start: the searched length while nothing is found. */
    public long searched() {
        return searched;
    }

    /** Returns the index where the separator found starts. */
    public long start() {
        return start;
    }

    /** Returns the index just after the separator found: the length of the result. */
    public long end() {
        return end;
    }
}
