package dev.platformauth.common.mail;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs work off the request thread, on Keycloak's managed executor, so that a request answers in the
 * same time whatever the work finds (e.g. whether an email address belongs to an account). Every job
 * holds a place in the node's bounded {@link MailQueue} (taken by {@link SendLimits}) until it ends.
 * Each submission and each end is logged at DEBUG with the node's pending count ({@value #PENDING}),
 * so that operators and tests can tell when the background work is done.
 */
final class BackgroundJobs {

    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class);
    private static final String EXECUTOR = "platform-auth";
    /** The end of each DEBUG line about a job: {@code <n> pending on this node}. */
    static final String PENDING = "pending on this node";

    private BackgroundJobs() {
    }

    /**
     * Submits {@code job}, which gets the session factory and opens its own sessions and transactions;
     * {@code place} is released when the job ends, however it ends.
     */
    static void submit(KeycloakSession session, MailQueue.Reservation place, String description,
                       Consumer<KeycloakSessionFactory> job) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        LOG.debugf("Background job '%s' submitted; %d %s", description, place.nodePending(), PENDING);
        executor.execute(() -> {
            try {
                job.accept(factory);
            } catch (RuntimeException e) {
                // never include the exception message: it might carry user input
                LOG.errorf("Background job '%s' failed: %s", description, e.getClass().getName());
                LOG.debugf("Background job %s failed in %s", description, e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            } finally {
                place.release();
                LOG.debugf("Background job '%s' ended; %d %s", description, place.nodePending(), PENDING);
            }
        });
    }

    /**
     * Runs {@code work} in a transaction of its own, with the realm {@code realmId} set as the session's
     * realm (as a request would have it); returns its result, or null when the realm is gone.
     */
    static <T> T inRealm(KeycloakSessionFactory factory, String realmId, BiFunction<KeycloakSession, RealmModel, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return null;
            }
            session.getContext().setRealm(realm);
            return work.apply(session, realm);
        });
    }
}
