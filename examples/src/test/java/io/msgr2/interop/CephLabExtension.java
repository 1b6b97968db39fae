package io.msgr2.interop;

import io.msgr2.testkit.CephLab;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a throwaway Ceph lab (one per test class, as {@link Lab} describes it) and hands it
 * to the tests; stops it when the class is done. Without the Ceph packages the tests are
 * skipped with a loud message, unless {@code MSGR2_REQUIRE_CEPH=1} (CI) makes that a failure.
 */
public final class CephLabExtension implements BeforeAllCallback, ParameterResolver {
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Lab {
        String auth() default "none";

        String mode() default "crc";

        boolean osd() default false;

        boolean msgr1() default false;

        /** Run the lab in the Tentacle 20.2 chroot (built once per test JVM). */
        boolean tentacle() default false;

        /** client.admin's key; "" for the release's default (aes256k on Tentacle). */
        String key() default "";

        /** OSDs compress with each other (Tentacle only). */
        boolean compress() default false;
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CephLabExtension.class);

    /** Closes the lab when the class's store closes. */
    record Holder(CephLab lab) implements AutoCloseable {
        @Override
        public void close() {
            lab.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        var missing = CephLab.missing();
        if (missing.isPresent()) {
            String msg = "\n*** INTEROP TESTS SKIPPED: Ceph is not installed here (missing " + missing.get() + ") ***\n";
            if ("1".equals(System.getenv("MSGR2_REQUIRE_CEPH"))) {
                throw new IllegalStateException("MSGR2_REQUIRE_CEPH=1 but" + msg);
            }
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        Lab l = ctx.getRequiredTestClass().getAnnotation(Lab.class);
        CephLab.Options o = new CephLab.Options(l.auth(), l.mode(), l.osd(), l.msgr1(), 0);
        boolean ci = "1".equals(System.getenv("MSGR2_REQUIRE_CEPH"));
        if (l.tentacle()) {
            o = o.inTentacle(l.key());
            if (l.compress()) {
                o = o.withCompression();
            }
            var root = io.msgr2.testkit.TentacleRoot.get();
            if (root.isEmpty()) {
                String msg = "\n*** TENTACLE INTEROP TESTS SKIPPED: cannot build the Ceph 20.2 chroot here ("
                        + io.msgr2.testkit.TentacleRoot.whyNot() + ") ***\n";
                if (ci) {
                    throw new IllegalStateException("MSGR2_REQUIRE_CEPH=1 but" + msg);
                }
                System.err.println(msg);
                Assumptions.abort(msg);
            }
            String v = CephLab.version(root);
            System.err.println("interop: Tentacle chroot at " + root.get() + ": " + v);
            if (ci && !v.contains("version 20.2.")) {
                throw new IllegalStateException("CI insists on Ceph 20.2.x in the Tentacle chroot, found: " + v);
            }
        }
        CephLab lab = CephLab.start(o);
        System.err.println("interop: " + CephLab.version(lab.root()) + " lab on 127.0.0.1:" + lab.monPort() + " (" + o
                + ")" + lab.osdAddr().map(a -> ", OSD " + a).orElse(""));
        ctx.getStore(NS).put("lab", new Holder(lab));
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == CephLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ExtensionContext classCtx = e.getParent().filter(c -> c.getTestClass().isPresent() && c.getTestMethod().isEmpty())
                .orElse(e);
        return classCtx.getStore(NS).get("lab", Holder.class).lab();
    }
}
