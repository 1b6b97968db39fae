/** The deterministic simulator, seeded generators and the Ceph lab launchers. */
@SuppressWarnings("module") // "msgr2" ends in a digit
module io.msgr2.testkit {
    requires transitive io.msgr2.codec;

    exports io.msgr2.testkit;
    exports io.msgr2.testkit.explore;
}
