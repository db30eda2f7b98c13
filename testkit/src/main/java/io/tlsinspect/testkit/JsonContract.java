package io.tlsinspect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON report's keys and types as {@code docs/json.md} states them: the one list, read from the
 * document's tables rather than copied into each test. A table row {@code | `key` | contract | string
 * or null | meaning |} under a heading that names a path ({@code ## `connections[]`}) documents
 * {@code connections[].key}; {@code []} means every element of an array, {@code *} every value of an
 * object. Contract keys must be present; every documented key that is present must have its type.
 */
public final class JsonContract {
    /** One documented key: its path from the document's root, whether the contract fixes it, its type. */
    public record Field(String path, boolean contract, String type, boolean nullable) {
    }

    private static final Set<String> TYPES = Set.of("string", "number", "boolean", "array", "object");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ROW = Pattern.compile("^\\|([^|]+)\\|\\s*(contract|extra)\\s*\\|([^|]+)\\|.*$");

    private final List<Field> fields;

    private JsonContract(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** The contract in this repository's {@code docs/json.md}. */
    public static JsonContract documented() {
        return parse(RepoFiles.root().resolve("docs/json.md"));
    }

    public static JsonContract parse(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Field> fields = new ArrayList<>();
        String section = "";
        for (String line : lines) {
            if (line.startsWith("#")) {
                Matcher m = CODE.matcher(line);
                section = line.startsWith("##") && m.find() ? m.group(1) : "";
                continue;
            }
            Matcher row = ROW.matcher(line.trim());
            if (!row.matches()) {
                continue;
            }
            String type = row.group(3).trim();
            boolean nullable = type.endsWith(" or null");
            String base = nullable ? type.substring(0, type.length() - " or null".length()) : type;
            if (!TYPES.contains(base)) {
                throw new IllegalStateException(markdown + ": unknown type '" + type + "' in: " + line);
            }
            Matcher keys = CODE.matcher(row.group(1));
            while (keys.find()) {
                String path = section.isEmpty() ? keys.group(1) : section + "." + keys.group(1);
                fields.add(new Field(path, row.group(2).equals("contract"), base, nullable));
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalStateException(markdown + " documents no keys");
        }
        return new JsonContract(fields);
    }

    public List<Field> fields() {
        return fields;
    }

    /** Every way {@code doc} departs from the documented keys and types; empty when it keeps them all. */
    public List<String> violations(JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            int dot = f.path().lastIndexOf('.');
            String parent = dot < 0 ? "" : f.path().substring(0, dot);
            String key = strip(dot < 0 ? f.path() : f.path().substring(dot + 1));
            for (JsonNode holder : resolve(doc, parent)) {
                JsonNode v = holder.get(key);
                if (v == null) {
                    if (f.contract()) {
                        out.add(f.path() + ": missing");
                    }
                } else if (v.isNull() ? !f.nullable() : !hasType(v, f.type())) {
                    out.add(f.path() + ": " + v.getNodeType().name().toLowerCase() + " where the docs say "
                            + f.type() + (f.nullable() ? " or null" : ""));
                }
            }
        }
        return out;
    }

    /** The objects a parent path names: each element for {@code a[]}, each value for {@code *}. */
    private static List<JsonNode> resolve(JsonNode doc, String path) {
        List<JsonNode> nodes = List.of(doc);
        if (path.isEmpty()) {
            return nodes;
        }
        for (String seg : path.split("\\.")) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                if (seg.equals("*")) {
                    n.elements().forEachRemaining(next::add);
                    continue;
                }
                JsonNode child = n.get(strip(seg));
                if (child != null && seg.endsWith("[]") && child.isArray()) {
                    child.elements().forEachRemaining(next::add);
                } else if (child != null && !seg.endsWith("[]")) {
                    next.add(child);
                }
            }
            nodes = next;
        }
        // A null parent (client_hello of a connection without one) is its own field's concern.
        return nodes.stream().filter(JsonNode::isObject).toList();
    }

    private static String strip(String segment) {
        return segment.endsWith("[]") ? segment.substring(0, segment.length() - 2) : segment;
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            default -> v.isObject();
        };
    }
}
