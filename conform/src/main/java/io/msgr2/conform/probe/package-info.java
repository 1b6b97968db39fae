/**
 * The conformance kit: scenarios that each deviate from msgr2's rules in one way and check
 * what the implementation under test does against the outcome a cited rule predicts
 * ({@link io.msgr2.conform.probe.Probe}, {@code ./msgr2 probe}).
 */
package io.msgr2.conform.probe;
