<#--
  Keycloak Platform Auth: "check your mail" page of the magic-link login (authenticator
  platform-auth-magic-link), shown after the link was requested. The same page whether or not the
  address has an account.

  Attributes set by the authenticator:
    maskedEmail  string, the address the link went to, masked (a***@example.com)
-->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
<!-- template: platform-auth-magic-link-sent.ftl -->
    <#if section = "header">
        ${msg("platformAuthMagicLinkSentTitle")}
    <#elseif section = "form">
        <div id="kc-form">
            <div id="kc-form-wrapper">
                <p id="kc-platform-auth-magic-link-sent" class="${properties.kcFormGroupClass!} platform-auth-code-sent">
                    ${msg("platformAuthMagicLinkSent", maskedEmail!'')}
                </p>
            </div>
        </div>
    </#if>
</@layout.registrationLayout>
