<#--
  Keycloak Platform Auth: landing page of a mailed magic link (authenticator platform-auth-magic-link).
  Opening the link (GET) spends nothing, so mail scanners that open links cannot use it up; only this
  form's POST signs in. The authenticator sends it with "Referrer-Policy: no-referrer", and the page
  takes the token out of the address bar and the history once loaded.

  Attributes set by the authenticator:
    magicLinkToken    string, the link's token, posted back as "token"
    magicLinkAccount  string, optional: the account the link signs into (its email address, else username)
-->
<#import "template.ftl" as layout>
<#assign v2Markup = properties.kcFormGroupLabelClass??>
<@layout.registrationLayout displayMessage=true; section>
<!-- template: platform-auth-magic-link-confirm.ftl -->
    <#if section = "header">
        ${msg("platformAuthMagicLinkConfirmTitle")}
    <#elseif section = "form">
        <div id="kc-form">
            <div id="kc-form-wrapper">
                <p class="${properties.kcFormGroupClass!}">${msg("platformAuthMagicLinkConfirmText")}</p>
                <#if magicLinkAccount?has_content>
                    <p id="kc-platform-auth-magic-link-account" class="${properties.kcFormGroupClass!}">${msg("platformAuthMagicLinkConfirmAccount", magicLinkAccount)}</p>
                </#if>
                <form id="kc-platform-auth-magic-link-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;"
                      action="${url.loginAction}" method="post">
                    <input type="hidden" name="token" value="${magicLinkToken!''}"/>
                    <div class="${properties.kcFormGroupClass!}">
                        <div id="kc-form-buttons" class="${(v2Markup)?then(properties.kcFormActionGroupClass!, properties.kcFormButtonsClass!)}">
                            <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                                    name="login" id="kc-login" type="submit">${msg("platformAuthMagicLinkConfirmSubmit")}</button>
                        </div>
                    </div>
                </form>
                <script>
                    // the token stays in the hidden field; keep it out of the address bar and the history
                    if (window.history && window.history.replaceState && window.URLSearchParams) {
                        var query = new URLSearchParams(window.location.search);
                        query.delete("platform_auth_magic_link");
                        var rest = query.toString();
                        window.history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : ""));
                    }
                </script>
            </div>
        </div>
    </#if>
</@layout.registrationLayout>
