package io.faultline.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies decoded the way Go's encoding/json decodes them into Toxiproxy's structs: only
 * the first value is read, keys match fields case-insensitively (an exact match wins), unknown
 * keys are ignored, {@code null} leaves the default in place, and a value of the wrong type is
 * reported as {@code json: cannot unmarshal ...} after the rest has been decoded. Jackson reads
 * the tree (after {@link GoJsonScanner} has checked the syntax, with Go's messages); objects keep
 * their members in order, duplicates included, and numbers keep their literal text.
 */
final class GoJson {
    /** A JSON number, as written. */
    record Number(String literal) {
    }

    /** One member of a JSON object. */
    record Member(String key, Object value) {
    }

    /** A JSON object: its members in order, duplicates included. */
    record Obj(List<Member> members) {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build();

    /** The first JSON value of {@code body}: null, Boolean, String, {@link Number}, List or {@link Obj}. */
    static Object parse(byte[] body) throws ApiError {
        int end;
        try {
            end = GoJsonScanner.endOfFirstValue(body);
        } catch (GoJsonScanner.SyntaxError e) {
            throw ApiError.badRequestBody(e.getMessage());
        }
        // Like Go, invalid UTF-8 inside strings becomes U+FFFD rather than an error.
        String text = new String(body, 0, end, StandardCharsets.UTF_8);
        try (JsonParser parser = FACTORY.createParser(text)) {
            parser.nextToken();
            return read(parser);
        } catch (JsonProcessingException e) {
            // Only Jackson's size limits get here: the scanner has already vetted the syntax.
            throw ApiError.badRequestBody(e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a String cannot fail", e);
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                List<Member> members = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    members.add(new Member(key, read(parser)));
                }
                return new Obj(members);
            }
            case START_ARRAY: {
                List<Object> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(read(parser));
                }
                return elements;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Number(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + token);
        }
    }

    /**
     * Decodes the fields of one request, remembering the first type error the way Go's decoder
     * does (it keeps going and reports that error at the end).
     */
    static final class Decoder {
        private String firstError;

        /**
         * The members of {@code value} if it is an object; none (and, unless it is null, a type
         * error) otherwise. {@code field} is the struct field path it sits in, or null at top level.
         */
        List<Member> members(Object value, String goType, String struct, String field) {
            if (value instanceof Obj) {
                return ((Obj) value).members();
            }
            if (value != null) {
                mismatch(kind(value), goType, struct, field);
            }
            return List.of();
        }

        /** The elements of {@code value} if it is an array; none (and a type error unless null) otherwise. */
        @SuppressWarnings("unchecked")
        List<Object> elements(Object value, String goType, String struct, String field) {
            if (value instanceof List) {
                return (List<Object>) value;
            }
            if (value != null) {
                mismatch(kind(value), goType, struct, field);
            }
            return List.of();
        }

        /** The value if it is a string; null (leave the default) if JSON null or ill-typed. */
        String string(Object value, String struct, String field) {
            if (value == null || value instanceof String) {
                return (String) value;
            }
            mismatch(kind(value), "string", struct, field);
            return null;
        }

        Boolean bool(Object value, String struct, String field) {
            if (value == null || value instanceof Boolean) {
                return (Boolean) value;
            }
            mismatch(kind(value), "bool", struct, field);
            return null;
        }

        /** A Go integer: no fraction, no exponent, in range. */
        Long integer(Object value, String goType, String struct, String field) {
            if (value == null) {
                return null;
            }
            if (value instanceof Number) {
                String literal = ((Number) value).literal();
                try {
                    return Long.parseLong(literal);
                } catch (NumberFormatException e) {
                    mismatch("number " + literal, goType, struct, field);
                    return null;
                }
            }
            mismatch(kind(value), goType, struct, field);
            return null;
        }

        Float float32(Object value, String struct, String field) {
            if (value == null) {
                return null;
            }
            if (value instanceof Number) {
                String literal = ((Number) value).literal();
                float f = Float.parseFloat(literal);
                if (Float.isInfinite(f)) {
                    mismatch("number " + literal, "float32", struct, field);
                    return null;
                }
                return f;
            }
            mismatch(kind(value), "float32", struct, field);
            return null;
        }

        /** Throws the first error, if any, as Toxiproxy's 400. */
        void check() throws ApiError {
            if (firstError != null) {
                throw ApiError.badRequestBody(firstError);
            }
        }

        private void mismatch(String what, String goType, String struct, String field) {
            if (firstError == null) {
                firstError = field == null
                        ? "json: cannot unmarshal " + what + " into Go value of type " + goType
                        : "json: cannot unmarshal " + what + " into Go struct field " + struct + "." + field + " of type " + goType;
            }
        }
    }

    /** The struct field a key decodes into: an exact match, else a case-insensitive one, else null. */
    static String field(String key, List<String> fields) {
        if (fields.contains(key)) {
            return key;
        }
        for (String field : fields) {
            if (field.equalsIgnoreCase(key)) {
                return field;
            }
        }
        return null;
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "string";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof List) {
            return "array";
        }
        return "object";
    }
}
