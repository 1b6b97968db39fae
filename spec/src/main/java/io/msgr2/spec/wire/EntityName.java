package io.msgr2.spec.wire;

import java.util.Objects;

/**
 * The auth layer's {@code EntityName}: a type and an id string ({@code client.admin},
 * {@code osd.3}). Encoded as le32 type + string inside auth payloads.
 */
public record EntityName(EntityType type, String id) {
    public EntityName {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(id, "id is null");
    }

    /** Parses {@code TYPE.ID}, e.g. {@code client.admin}; empty for anything else. */
    public static java.util.Optional<EntityName> parse(String s) {
        int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            return java.util.Optional.empty();
        }
        return EntityType.byName(s.substring(0, dot)).map(t -> new EntityName(t, s.substring(dot + 1)));
    }

    @Override
    public String toString() {
        return type.cephName() + "." + id;
    }
}
