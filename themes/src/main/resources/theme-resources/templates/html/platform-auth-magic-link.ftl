<#--
  Keycloak Platform Auth: the email carrying a magic sign-in link (HTML part).
  Attributes: link (string), ttlMinutes (number); Keycloak adds realmName, user, locale, msg.
-->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("platformAuthMagicLinkBodyIntro", realmName)}</p>
<p><a href="${link}" rel="noreferrer" style="display: inline-block; padding: 12px 20px; background: #0066cc; color: #ffffff; text-decoration: none; border-radius: 4px;">${msg("platformAuthMagicLinkBodyButton")}</a></p>
<p style="word-break: break-all; font-size: 12px;">${link}</p>
<p>${msg("platformAuthMagicLinkBodyExpiry", ttlMinutes)}</p>
<p>${msg("platformAuthMagicLinkBodyIgnore")}</p>
</@layout.emailLayout>
