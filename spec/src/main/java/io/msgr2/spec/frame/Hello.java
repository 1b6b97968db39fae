package io.msgr2.spec.frame;

import io.msgr2.spec.wire.EntityAddr;
import io.msgr2.spec.wire.EntityType;
import java.util.Objects;

/** HELLO (both ways, first frame after the banners): the sender's entity type and the address of the <em>peer</em> as the sender sees it (a client: the address it dialled; a server: the client's socket address). */
public record Hello(EntityType entityType, EntityAddr peerAddr) implements Frame {
    public Hello {
        Objects.requireNonNull(entityType, "entityType is null");
        Objects.requireNonNull(peerAddr, "peerAddr is null");
    }

    @Override
    public Tag tag() {
        return Tag.HELLO;
    }
}
