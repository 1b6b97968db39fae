package io.msgr2.spec.auth.cephx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityName;
import io.msgr2.spec.wire.EntityType;
import org.junit.jupiter.api.Test;

/** Ceph's keyring text: what ceph-authtool writes parses; malformed keyrings are error values naming the line. */
class KeyringTest {
    static final String CEPH_AUTHTOOL = """
            [client.admin]
            \tkey = AQB4OwZrfXF/CRAAG225U7LQq2CSKk+8XT48Cg==
            \tcaps mds = "allow *"
            \tcaps mgr = "allow *"
            \tcaps mon = "allow *"
            \tcaps osd = "allow *"
            [osd.0]
            \tkey = AQDSOwZr1lyWERAA1BhKh5UbupWcLqu0jGdFWw==
            """;

    @Test
    void parsesWhatCephAuthtoolWrites() {
        Keyring k = Keyring.parse(CEPH_AUTHTOOL).get();
        Keyring.Entry admin = k.get(new EntityName(EntityType.CLIENT, "admin")).orElseThrow();
        assertEquals(Bytes.fromHex("1b6db953b2d0ab60922a4fbc5d3e3c0a"), admin.key().secret());
        assertEquals("allow *", admin.capsFor("mon"));
        assertEquals("", k.get(new EntityName(EntityType.OSD, "0")).orElseThrow().capsFor("mon"));
        assertEquals(k, Keyring.parse(k.format()).get());
    }

    @Test
    void malformedKeyringsAreErrorValues() {
        assertTrue(Keyring.parse("key = AQB4").getLeft().contains("outside any [entity] section"));
        assertTrue(Keyring.parse("[client.admin]\n key = not-base64!\n").getLeft().contains("line 2"));
        assertTrue(Keyring.parse("[client.admin]\n caps mon = \"allow *\"\n").getLeft().contains("has no key"));
        assertTrue(Keyring.parse("[nonsense]\n").getLeft().contains("not an entity name"));
        assertTrue(Keyring.parse("").getLeft().contains("no [entity] section"));
    }
}
