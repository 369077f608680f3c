package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The handler of a static route: maps the rest of the path to a file under the root, refusing anything that could
 * leave it. Every segment is checked after percent-decoding ({@code ..} and {@code .} segments, backslashes and NUL
 * are refused), and the resolved file's real path (symbolic links followed) must still be under the root's real
 * path. Immutable; shared by the loops of several workers.
 */
final class StaticFiles {

    private final Path root;
    private final boolean listing;
    private final String prefix;

    StaticFiles(Path root, boolean listing, String prefix) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("static root " + root + " cannot be read", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("static root is not a directory: " + root);
        }
        this.listing = listing;
        this.prefix = prefix;
    }

    StreamResponse handle(Request request) throws Exception {
        String relative = request.matchInfo().getOrDefault("path", "");
        Path target = root;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..")
                    || segment.equals(".")
                    || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0) {
                throw new HttpException(404);
            }
            target = target.resolve(segment);
        }
        Path file = target;
        Path real;
        try {
            real = Asyncio.toThread(() -> file.toRealPath());
        } catch (NoSuchFileException e) {
            throw new HttpException(404);
        }
        if (!real.startsWith(root)) {
            throw new HttpException(403, "403 Forbidden");
        }
        if (AsyncFiles.isDirectory(real)) {
            if (!relative.isEmpty() && !relative.endsWith("/")) {
                // Relative links in the page need the slash: redirect /dir to /dir/.
                return Response.of(301).header("Location", UrlCodec.encodePath(request.path() + "/"));
            }
            Path index = real.resolve("index.html");
            if (AsyncFiles.exists(index, LinkOption.NOFOLLOW_LINKS)) {
                return new FileResponse(index);
            }
            if (!listing) {
                throw new HttpException(403, "403 Forbidden");
            }
            return listingOf(real, request.path());
        }
        return new FileResponse(real);
    }

    private Response listingOf(Path directory, String path) throws IOException {
        // One trip to a thread for the listing and the stat of each entry.
        List<String> names = Asyncio.toThread(() -> {
            var found = new ArrayList<String>();
            try (Stream<Path> entries = Files.list(directory)) {
                entries.forEach(entry -> found.add(entry.getFileName() + (Files.isDirectory(entry) ? "/" : "")));
            }
            Collections.sort(found);
            return found;
        });
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ")
                .append(escape(path))
                .append("</title></head><body>\n<h1>Index of ")
                .append(escape(path))
                .append("</h1>\n<ul>\n");
        if (!path.equals(prefix + "/") && !path.equals("/")) {
            html.append("<li><a href=\"../\">../</a></li>\n");
        }
        for (String name : names) {
            boolean dir = name.endsWith("/");
            String bare = dir ? name.substring(0, name.length() - 1) : name;
            html.append("<li><a href=\"")
                    .append(escape(UrlCodec.encodeSegment(bare)))
                    .append(dir ? "/" : "")
                    .append("\">")
                    .append(escape(name))
                    .append("</a></li>\n");
        }
        return Response.html(html.append("</ul>\n</body></html>\n").toString());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
