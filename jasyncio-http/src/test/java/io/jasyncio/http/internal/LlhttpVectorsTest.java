package io.jasyncio.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.http.internal.LlhttpVectors.Vector;
import io.jasyncio.http.internal.LlhttpVectors.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Scores the parsers on llhttp's conformance vectors as {@code ../shared/http/README.md} says: for the 210 strict
 * vectors, {@code error} must be a rejection and {@code ok} or {@code pause} must not be.
 */
class LlhttpVectorsTest {

    /** The agreement reached; the test fails if a change lowers it. */
    private static final int AGREEMENT = 202;

    /**
     * The strict vectors this parser deliberately answers differently from llhttp, by index, with the reason.
     */
    private static final Map<Integer, String> DELIBERATE = Map.of(
            45, "ANNOUNCE over HTTP/1.0 accepted: RFC 9110 section 9.1 allows any token as a method",
            55, "MKCOLA accepted: RFC 9110 section 9.1 allows any token; llhttp keeps a list",
            87, "ICE/1.0 refused: an HTTP parser, not an ICE (SHOUTcast) one",
            88, "RTSP/1.0 refused: an HTTP parser, not an RTSP one",
            89, "RTSP/1.0 refused: an HTTP parser, not an RTSP one",
            115, "HTTP/0.9 request (no version) refused: RFC 9112 does not require it and it has no framing",
            222, "RTSP/1.1 response refused: an HTTP parser, not an RTSP one",
            223, "ICE/1.1 response refused: an HTTP parser, not an ICE one");

    private static final List<Vector> VECTORS = LlhttpVectors.load();

    @Test
    void allVectorsAreLoaded() {
        assertThat(VECTORS).hasSize(251);
        assertThat(VECTORS.stream().filter(Vector::strict)).hasSize(210);
    }

    @Test
    void strictVectorsAgreeWithLlhttp() {
        int agree = 0;
        var disagreements = new TreeMap<Integer, String>();
        for (var vector : VECTORS) {
            if (!vector.strict()) {
                continue;
            }
            Verdict verdict = LlhttpVectors.run(vector, 0);
            boolean expectReject = vector.expect().equals("error");
            if (verdict.rejected() == expectReject) {
                agree++;
            } else {
                disagreements.put(
                        vector.index(),
                        vector + " -> " + (verdict.rejected() ? "rejected" : "accepted") + ": " + verdict.detail());
            }
        }
        System.out.println("llhttp strict vectors: " + agree + "/210 agree; disagreements:");
        disagreements.values().forEach(line -> System.out.println("  " + line));
        assertThat(disagreements.keySet()).isSubsetOf(DELIBERATE.keySet());
        assertThat(agree).isGreaterThanOrEqualTo(AGREEMENT);
    }

    @Test
    void everyVectorGivesTheSameVerdictFedOneByteAtATime() {
        var differences = new ArrayList<String>();
        for (var vector : VECTORS) {
            Verdict whole = LlhttpVectors.run(vector, 0);
            Verdict bytewise = LlhttpVectors.run(vector, 1);
            if (whole.rejected() != bytewise.rejected() || whole.messages() != bytewise.messages()) {
                differences.add(vector + ": whole " + whole + ", byte by byte " + bytewise);
            }
        }
        assertThat(differences).isEmpty();
    }
}
