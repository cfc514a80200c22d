package dev.platformauth.rest.clientsettings;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.exchange.ExchangeCodeSettings;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Platform Auth clients": an admin-console page (left navigation) with one record per client that
 * switches our token-endpoint grants on and sets the API's exchange-code settings. Each record is
 * mirrored into the client's attributes, which is what the grants and endpoints read, so the same
 * settings can also be written directly as client attributes (REST, realm import).
 *
 * <p>Keycloak 26.7.0 shows such pages only with the experimental {@code declarative-ui} feature
 * ({@code --features=declarative-ui}); without it the client attributes are the way to configure.
 */
@AutoService(UiPageProviderFactory.class)
public final class ClientSettingsPage implements UiPageProviderFactory<ComponentModel>, StatelessProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "platform-auth-client-settings";

    static final String CLIENT = "client";
    static final String EXCHANGE_CODE_GRANT = "exchangeCodeGrant";
    static final String ENTITY_TOKEN_GRANT = "entityTokenGrant";
    static final String CODE_LIFETIME = "exchangeCodeLifetime";
    static final String CODE_RESEND_INTERVAL = "exchangeCodeResendInterval";
    static final String CODE_FORMAT = "exchangeCodeFormat";
    static final String ENTITY_TOKEN_LIFETIME = "entityTokenGrantLifetime";
    /** Client attribute: seconds the entity-token grant's access token lives (read by the grant). */
    public static final String ENTITY_TOKEN_LIFETIME_ATTRIBUTE = PlatformAuth.PREFIX + ".entity-token.grant.lifetime";

    /** Page field to client attribute; field names carry no dots (the console cannot round-trip them). */
    static final Map<String, String> ATTRIBUTES = attributes();

    private static Map<String, String> attributes() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(EXCHANGE_CODE_GRANT, PlatformAuth.EXCHANGE_CODE_GRANT_ENABLED);
        map.put(ENTITY_TOKEN_GRANT, PlatformAuth.ENTITY_TOKEN_GRANT_ENABLED);
        map.put(CODE_LIFETIME, ExchangeCodeSettings.CLIENT_LIFETIME);
        map.put(CODE_RESEND_INTERVAL, ExchangeCodeSettings.CLIENT_RESEND_INTERVAL);
        map.put(CODE_FORMAT, ExchangeCodeSettings.CLIENT_FORMAT);
        map.put(ENTITY_TOKEN_LIFETIME, ENTITY_TOKEN_LIFETIME_ATTRIBUTE);
        return Map.copyOf(map);
    }

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(CLIENT).label("Client").type(ProviderConfigProperty.CLIENT_LIST_TYPE).required(true)
            .helpText("The client these settings apply to (one record per client).").add()
            .property().name(EXCHANGE_CODE_GRANT).label("Exchange-code grant")
            .helpText("Allow grant_type=urn:platform-auth:grant-type:exchange-code at the token endpoint for this client.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .property().name(ENTITY_TOKEN_GRANT).label("Entity-token grant")
            .helpText("Allow grant_type=urn:platform-auth:grant-type:entity-token at the token endpoint for this client.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .property().name(CODE_LIFETIME).label("Exchange-code lifetime (seconds)")
            .helpText("For the auth-service client: how long a code from the passwordless API is valid (at most 600).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("600").add()
            .property().name(CODE_RESEND_INTERVAL).label("Exchange-code resend interval (seconds)")
            .helpText("For the auth-service client: the least time between two code mails to one address.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("60").add()
            .property().name(CODE_FORMAT).label("Exchange-code format")
            .helpText("grouped (easy to type) or hex.")
            .type(ProviderConfigProperty.LIST_TYPE).options("grouped", "hex").defaultValue("grouped").add()
            .property().name(ENTITY_TOKEN_LIFETIME).label("Entity-token grant lifetime (seconds)")
            .helpText("How long the access token of the entity-token grant lives (never longer than the realm's access-token lifespan).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("300").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Platform Auth settings per client: token-endpoint grants and passwordless API settings.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(CLIENT, EXCHANGE_CODE_GRANT, ENTITY_TOKEN_GRANT));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String clientId = model.get(CLIENT);
        if (clientId == null || realm.getClientByClientId(clientId) == null) {
            throw new ComponentValidationException("Unknown client: " + clientId);
        }
        boolean duplicate = realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .anyMatch(c -> PROVIDER_ID.equals(c.getProviderId()) && clientId.equals(c.get(CLIENT))
                        && !c.getId().equals(model.getId()));
        if (duplicate) {
            throw new ComponentValidationException("This client already has a Platform Auth settings record: " + clientId);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        putIfSet(settings, ExchangeCodeSettings.LIFETIME, model.get(CODE_LIFETIME));
        putIfSet(settings, ExchangeCodeSettings.RESEND_INTERVAL, model.get(CODE_RESEND_INTERVAL));
        putIfSet(settings, ExchangeCodeSettings.FORMAT, model.get(CODE_FORMAT));
        String lifetime = model.get(ENTITY_TOKEN_LIFETIME);
        if (lifetime != null && !lifetime.isBlank() && !lifetime.trim().matches("[1-9][0-9]{0,6}")) {
            throw new ComponentValidationException("Entity-token grant lifetime must be a number of seconds (1 to 9999999)");
        }
        List<String> problems = ExchangeCodeSettings.problems(settings);
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(problems.get(0));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        apply(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        String oldClient = oldModel.get(CLIENT);
        if (oldClient != null && !oldClient.equals(newModel.get(CLIENT))) {
            clear(realm, oldClient);
        }
        apply(realm, newModel);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        clear(realm, model.get(CLIENT));
    }

    private static void apply(RealmModel realm, ComponentModel model) {
        ClientModel client = realm.getClientByClientId(model.get(CLIENT));
        if (client == null) {
            return;
        }
        ATTRIBUTES.forEach((field, attribute) -> {
            String value = model.get(field);
            if (value == null || value.isBlank()) {
                client.removeAttribute(attribute);
            } else {
                client.setAttribute(attribute, value.trim());
            }
        });
    }

    private static void clear(RealmModel realm, String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client != null) {
            ATTRIBUTES.values().forEach(client::removeAttribute);
        }
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
