package dev.rill.platform;

/**
 * A setting or service that stops start-up, with a complete message (no password in it) and the fix, so that
 * {@link UnreachableServiceFailureAnalyzer} reports these two lines instead of a stack trace.
 */
class StartupStopper extends IllegalStateException {

    private final String action;

    StartupStopper(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    String action() {
        return action;
    }
}
