<#--
  Keycloak Platform Auth: the terms page of the required action platform-auth-terms.
  Shows the terms version that applies to the user, a link to the terms and/or their text, and
  posts "accept" or "decline" to the login action.

  Attributes set by the required action:
    termsVersion       string, the version to accept (always set)
    termsUrl           string, http(s) link to the terms (optional)
    termsText          string, plain-text terms, escaped and shown in a scrollable box (optional)
    termsOrganization  string, the organization whose terms these are (optional)

  Markup: keycloak.v2 (PatternFly 5) with a fallback to the classic "keycloak" theme, using only
  ${properties.kc*} classes, so it renders under whatever login theme the realm uses.
-->
<#import "template.ftl" as layout>
<#assign v2Markup = properties.kcFormGroupLabelClass??>
<@layout.registrationLayout displayMessage=true; section>
<!-- template: platform-auth-terms.ftl -->
    <#if section = "header">
        ${msg("platformAuthTermsTitle")}
    <#elseif section = "form">
        <div id="kc-platform-auth-terms">
            <p id="kc-platform-auth-terms-intro" class="${properties.kcFormGroupClass!}">
                <#if termsOrganization?has_content>
                    ${msg("platformAuthTermsIntroOrganization", termsOrganization, termsVersion!'')}
                <#else>
                    ${msg("platformAuthTermsIntro", termsVersion!'')}
                </#if>
            </p>
            <#if termsUrl?has_content>
                <p class="${properties.kcFormGroupClass!}">
                    <a id="kc-platform-auth-terms-link" href="${termsUrl}" target="_blank" rel="noopener noreferrer">${msg("platformAuthTermsRead")}</a>
                </p>
            </#if>
            <#if termsText?has_content>
                <div id="kc-platform-auth-terms-text" class="${properties.kcFormGroupClass!} platform-auth-terms-text"
                     tabindex="0" style="max-height: 16em; overflow-y: auto; white-space: pre-wrap;">${termsText}</div>
            </#if>
            <form id="kc-platform-auth-terms-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <div id="kc-form-buttons" class="${(v2Markup)?then(properties.kcFormActionGroupClass!, properties.kcFormButtonsClass!)}">
                        <button id="kc-platform-auth-terms-accept" name="accept" value="true" type="submit"
                                class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("platformAuthTermsAccept")}</button>
                        <button id="kc-platform-auth-terms-decline" name="decline" value="true" type="submit"
                                class="${properties.kcButtonClass!} ${(v2Markup)?then(properties.kcButtonSecondaryClass!, properties.kcButtonDefaultClass!)} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">${msg("platformAuthTermsDecline")}</button>
                    </div>
                </div>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
