package io.msgr2.spec.wire;

import java.util.Map;

/**
 * Names of the {@code CEPH_MSG_*} / {@code MSG_*} message types this library meets (the
 * type field of {@link MsgHeader2}); only for printing, the protocol layer never looks.
 */
public final class MessageType {
    public static final int PING = 2;
    public static final int MON_MAP = 4;
    public static final int MON_GET_MAP = 5;
    public static final int MON_SUBSCRIBE = 15;
    public static final int MON_SUBSCRIBE_ACK = 16;
    public static final int AUTH = 17;
    public static final int AUTH_REPLY = 18;
    public static final int OSD_MAP = 41;
    public static final int OSD_OP = 42;
    public static final int OSD_OPREPLY = 43;
    public static final int MON_COMMAND = 50;
    public static final int MON_COMMAND_ACK = 51;
    public static final int CONFIG = 62;
    public static final int OSD_PING = 70;
    public static final int OSD_REPOP = 112;
    public static final int OSD_REPOPREPLY = 113;
    public static final int MGR_MAP = 0x704;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(PING, "CEPH_MSG_PING"),
            Map.entry(MON_MAP, "CEPH_MSG_MON_MAP"),
            Map.entry(MON_GET_MAP, "CEPH_MSG_MON_GET_MAP"),
            Map.entry(MON_SUBSCRIBE, "CEPH_MSG_MON_SUBSCRIBE"),
            Map.entry(MON_SUBSCRIBE_ACK, "CEPH_MSG_MON_SUBSCRIBE_ACK"),
            Map.entry(AUTH, "CEPH_MSG_AUTH"),
            Map.entry(AUTH_REPLY, "CEPH_MSG_AUTH_REPLY"),
            Map.entry(OSD_MAP, "CEPH_MSG_OSD_MAP"),
            Map.entry(OSD_OP, "CEPH_MSG_OSD_OP"),
            Map.entry(OSD_OPREPLY, "CEPH_MSG_OSD_OPREPLY"),
            Map.entry(MON_COMMAND, "MSG_MON_COMMAND"),
            Map.entry(MON_COMMAND_ACK, "MSG_MON_COMMAND_ACK"),
            Map.entry(CONFIG, "MSG_CONFIG"),
            Map.entry(OSD_PING, "MSG_OSD_PING"),
            Map.entry(OSD_REPOP, "MSG_OSD_REPOP"),
            Map.entry(OSD_REPOPREPLY, "MSG_OSD_REPOPREPLY"),
            Map.entry(MGR_MAP, "MSG_MGR_MAP"));

    private MessageType() {}

    /** {@code 4(CEPH_MSG_MON_MAP)}, or just the number for a type we have no name for. */
    public static String describe(int type) {
        String n = NAMES.get(type);
        return n == null ? Integer.toString(type) : type + "(" + n + ")";
    }
}
