package dev.bouncer.examples;

import dev.bouncer.Permit;
import dev.bouncer.Semaphore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The README's permit-handle example: at most {@code limit} calls to a slow service at once, each
 * permit given back by closing its handle. {@code ReadmeExamplesTest} runs it.
 */
public final class RateLimitedClient {
    private final Semaphore inFlight;
    private final Function<String, String> service;

    public RateLimitedClient(int limit, Function<String, String> service) {
        this.inFlight = new Semaphore(limit);
        this.service = service;
    }

    /** Calls the service, waiting for a free slot as long as it takes. */
    public String call(String request) throws Exception {
        return inFlight.withPermit(() -> service.apply(request));
    }

    /** Calls the service if a slot frees up in time; otherwise answers without calling it. */
    public String callOrShed(String request, Duration patience) throws InterruptedException {
        Optional<Permit> slot = inFlight.tryAcquirePermit(patience);
        if (slot.isEmpty()) {
            return "busy";
        }
        try (Permit permit = slot.get()) {
            return service.apply(request);
        } // the slot is free again here, however the call ended
    }
}
