package io.jasyncio.http.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A route's path pattern: literal text with {@code {name}} segments (one path segment, no {@code /}) and
 * {@code {name:regex}} segments (the regex, which may span segments), matched against the decoded path.
 * Immutable.
 */
final class UrlPattern {

    private final String source;
    /** Literal parts, one more than {@link #names}: literal[0] {name0} literal[1] ... */
    private final List<String> literals;

    private final List<String> names;
    private final @Nullable Pattern regex;

    private UrlPattern(String source, List<String> literals, List<String> names, @Nullable Pattern regex) {
        this.source = source;
        this.literals = literals;
        this.names = names;
        this.regex = regex;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException if it does not start with {@code /}, has unbalanced braces, a repeated or
     *     empty name, or an invalid regex
     */
    static UrlPattern parse(String source) {
        if (!source.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + source);
        }
        var literals = new ArrayList<String>();
        var names = new ArrayList<String>();
        var regex = new StringBuilder("^");
        var literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("unbalanced '}' in route path: " + source);
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int depth = 1;
            int end = i + 1;
            while (end < source.length() && depth > 0) {
                char d = source.charAt(end);
                if (d == '{') {
                    depth++;
                } else if (d == '}') {
                    depth--;
                }
                end++;
            }
            if (depth > 0) {
                throw new IllegalArgumentException("unbalanced '{' in route path: " + source);
            }
            String segment = source.substring(i + 1, end - 1);
            int colon = segment.indexOf(':');
            String name = colon < 0 ? segment : segment.substring(0, colon);
            String part = colon < 0 ? "[^/]+" : segment.substring(colon + 1);
            if (name.isEmpty() || names.contains(name) || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
                throw new IllegalArgumentException("invalid or repeated segment name {" + name + "} in " + source);
            }
            literals.add(literal.toString());
            regex.append(Pattern.quote(literal.toString()))
                    .append("(")
                    .append(part)
                    .append(")");
            literal.setLength(0);
            names.add(name);
            i = end;
        }
        literals.add(literal.toString());
        if (names.isEmpty()) {
            return new UrlPattern(source, List.copyOf(literals), List.of(), null);
        }
        regex.append(Pattern.quote(literal.toString())).append('$');
        try {
            var compiled = Pattern.compile(regex.toString());
            if (compiled.matcher("").groupCount() != names.size()) {
                throw new IllegalArgumentException(
                        "a {name:regex} segment must not contain capturing groups (use (?:...)): " + source);
            }
            return new UrlPattern(source, List.copyOf(literals), List.copyOf(names), compiled);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex in route path " + source + ": " + e.getDescription(), e);
        }
    }

    /** Returns the segments matched in {@code path}, or {@code null} if it does not match. */
    @Nullable
    Map<String, String> match(String path) {
        if (regex == null) {
            return literals.getFirst().equals(path) ? Map.of() : null;
        }
        Matcher matcher = regex.matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        var values = new LinkedHashMap<String, String>();
        for (int g = 0; g < names.size(); g++) {
            values.put(names.get(g), matcher.group(g + 1));
        }
        return values;
    }

    /**
     * Builds a path from segment values, percent-encoding each.
     *
     * @throws IllegalArgumentException if a value is missing or does not match its segment
     */
    String format(Map<String, String> values) {
        var out = new StringBuilder(literals.getFirst());
        for (int g = 0; g < names.size(); g++) {
            String value = values.get(names.get(g));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + names.get(g) + "} of " + source);
            }
            out.append(UrlCodec.encodeSegment(value)).append(literals.get(g + 1));
        }
        String path = out.toString();
        return path;
    }

    @Override
    public String toString() {
        return source;
    }
}
