package io.msgr2.interop;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs an interop suite once per network stack: every messenger its tests make, every CLI
 * command they run (in this JVM or a child, {@code serve} included) uses that transport,
 * through the library's default ({@code msgr2.transport}). Each run has its own lab.
 */
@ParameterizedClass(name = "{0} transport")
@ValueSource(strings = {"netty", "blocking"})
abstract class BothTransports {
    @Parameter
    String transport;

    @BeforeParameterizedClassInvocation
    static void useTransport(String transport) {
        System.setProperty("msgr2.transport", transport);
        System.err.println("interop: on the " + transport + " transport");
    }

    @AfterParameterizedClassInvocation
    static void defaultTransport() {
        System.clearProperty("msgr2.transport");
    }
}
