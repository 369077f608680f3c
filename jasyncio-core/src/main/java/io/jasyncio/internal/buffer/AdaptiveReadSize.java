package io.jasyncio.internal.buffer;

/**
 * How much the next read of one connection should ask for (Netty's {@code AdaptiveRecvByteBufAllocator}, on the
 * {@link SegmentPool}'s size classes): small for a chatty connection, so a 1 KiB message takes a 2 KiB segment,
 * large for bulk, so a 100 KiB message takes one read.
 *
 * <p>It starts at the smallest class. A read that got at least the current guess jumps two classes up (×16: bulk
 * reaches the largest class after two reads); two reads in a row that would have fit the class below step one class
 * down (so one short read in a bulk transfer changes nothing).
 *
 * <p>Loop-confined (one per transport).
 */
public final class AdaptiveReadSize {
    /** Index of the current guess in {@link SegmentPool#SIZES}. */
    private byte index;
    /** The previous read would have fit the class below. */
    private boolean shrinkNext;

    /** Creates a guess at the smallest class. */
    public AdaptiveReadSize() {}

    /**
     * Returns how many bytes the next read should ask for.
     *
     * @return bytes, one of the pool's sizes
     */
    public int guess() {
        return SegmentPool.SIZES[index];
    }

    /**
     * Records what a read got.
     *
     * @param n bytes read (0 or more)
     */
    public void record(int n) {
        int i = index;
        if (n >= SegmentPool.SIZES[i]) {
            index = (byte) Math.min(i + 2, SegmentPool.SIZES.length - 1);
            shrinkNext = false;
        } else if (i > 0 && n <= SegmentPool.SIZES[i - 1]) {
            if (shrinkNext) {
                index = (byte) (i - 1);
                shrinkNext = false;
            } else {
                shrinkNext = true;
            }
        } else {
            shrinkNext = false;
        }
    }

    @Override
    public String toString() {
        return "AdaptiveReadSize[" + guess() + "]";
    }
}
