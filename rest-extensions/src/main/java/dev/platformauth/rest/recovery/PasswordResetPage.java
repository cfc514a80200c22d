package dev.platformauth.rest.recovery;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.security.SecretPages;
import dev.platformauth.rest.account.TemplateFields;
import dev.platformauth.rest.http.ActingClient;
import dev.platformauth.rest.http.FormRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The default landing page of reset links, {@code /realms/{realm}/sentinel/password-reset?token=…} (and
 * {@code …/auth-service/password-reset} for the links the auth-service mails, acting as that client),
 * rendered from the realm's login theme (template {@value #TEMPLATE}, a theme resource of ours). GET
 * shows the new-password form for a live token (it is not spent) and a "link invalid" page otherwise;
 * the form posts {@code token}, {@code password} and {@code password-confirm} back to the same path,
 * which sets the password exactly as {@code POST …/auth/password} does. Every page sends
 * {@code Referrer-Policy: no-referrer} (whatever the realm's own setting) and
 * {@code Cache-Control: no-store}, since the URL carries the token.
 */
public final class PasswordResetPage {

    public static final String PATH = "password-reset";
    static final String TEMPLATE = PlatformAuth.PREFIX + "-password-reset-form.ftl";

    static final String FIELD_TOKEN = "token";
    static final String FIELD_PASSWORD = "password";
    static final String FIELD_CONFIRM = "password-confirm";

    /** What the page shows: the form, the confirmation, or the "link invalid" notice. */
    enum State { FORM, DONE, INVALID }

    private static final int MAX_TOKEN_LENGTH = 512;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String clientId;
    private final String resourceId;

    private PasswordResetPage(KeycloakSession session, String clientId, String resourceId) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.clientId = clientId;
        this.resourceId = resourceId;
    }

    /** The page served by the realm resource {@code resourceId}, acting as the client {@code clientId}. */
    public static PasswordResetPage of(KeycloakSession session, String clientId, String resourceId) {
        return new PasswordResetPage(session, clientId, resourceId);
    }

    /** The absolute URL, without the token, of the page the realm resource {@code resourceId} serves in {@code realm}. */
    static URI uri(KeycloakSession session, RealmModel realm, String resourceId) {
        return session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName())
                .path(resourceId).path(PATH)
                .build();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam(FIELD_TOKEN) String token) {
        PasswordResets resets = new PasswordResets(session, actingClient());
        Optional<UserModel> user = live(resets, token);
        if (user.isEmpty()) {
            return render(Response.Status.FORBIDDEN, State.INVALID, null, null, null);
        }
        return render(Response.Status.OK, State.FORM, user.get(), token, null);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response submit() {
        PasswordResets resets = new PasswordResets(session, actingClient());
        MultivaluedMap<String, String> form = FormRequest.read(session);
        String token = form.getFirst(FIELD_TOKEN);
        Optional<UserModel> holder = live(resets, token);
        if (holder.isEmpty()) {
            resets.tokenRefused();
            return render(Response.Status.FORBIDDEN, State.INVALID, null, null, null);
        }
        UserModel user = holder.get();
        String password = form.getFirst(FIELD_PASSWORD);
        if (password == null || password.isBlank()) {
            return render(Response.Status.BAD_REQUEST, State.FORM, user, token,
                    new FormMessage(FIELD_PASSWORD, "missingPasswordMessage"));
        }
        if (!password.equals(form.getFirst(FIELD_CONFIRM))) {
            return render(Response.Status.BAD_REQUEST, State.FORM, user, token,
                    new FormMessage(FIELD_CONFIRM, "notMatchPasswordMessage"));
        }
        if (password.length() < TemplateFields.PASSWORD_MIN_LENGTH) {
            // the recovery mails of auth-service link here: the template's minimum, as its reset-password route has it
            return render(Response.Status.BAD_REQUEST, State.FORM, user, token,
                    new FormMessage(FIELD_PASSWORD, "invalidPasswordMinLengthMessage", TemplateFields.PASSWORD_MIN_LENGTH));
        }
        PasswordResets.Outcome outcome = resets.reset(token, user, password);
        if (outcome instanceof PasswordResets.Rejected rejected) {
            return render(Response.Status.BAD_REQUEST, State.FORM, user, token,
                    new FormMessage(FIELD_PASSWORD, rejected.error().getMessage(), rejected.error().getParameters()));
        }
        if (outcome instanceof PasswordResets.Spent) {
            return render(Response.Status.FORBIDDEN, State.INVALID, null, null, null);
        }
        return render(Response.Status.OK, State.DONE, user, null, null);
    }

    private static Optional<UserModel> live(PasswordResets resets, String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return resets.holder(token);
    }

    private Response render(Response.Status status, State state, UserModel user, String token, FormMessage error) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class)
                .setStatus(status)
                .setActionUri(uri(session, realm, resourceId))
                .setAttribute("resetState", state.name().toLowerCase(Locale.ROOT))
                .setResponseHeader("Cache-Control", "no-store")
                .setResponseHeader("Pragma", "no-cache");
        SecretPages.headers(session, realm, form);
        if (user != null) {
            form.setUser(user).setAttribute("resetUsername", user.getUsername());
        }
        if (token != null) {
            form.setAttribute("resetToken", token);
        }
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** The client these pages act for; 503 {@code not_configured} when the realm has none. */
    private ClientModel actingClient() {
        return ActingClient.require(realm, clientId);
    }
}
