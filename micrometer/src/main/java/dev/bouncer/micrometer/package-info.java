/**
 * Micrometer meters for bouncer's primitives: {@link dev.bouncer.micrometer.BouncerMetrics} binds a
 * semaphore, a mutex or a bounded buffer to a {@code MeterRegistry}.
 */
package dev.bouncer.micrometer;
