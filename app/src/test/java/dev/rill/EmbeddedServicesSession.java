package dev.rill;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Starts the embedded services once per test run, before any Spring context reads its configuration. */
public class EmbeddedServicesSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        EmbeddedServices.startIfUnconfigured();
    }
}
