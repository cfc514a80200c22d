<#--
  Keycloak Platform Auth: the email carrying a sign-in exchange code (HTML part).
  Attributes: code (string), ttlMinutes (number); Keycloak adds realmName, user, locale, msg.
  Mirrors the text part; the code sits alone in a monospace block.
-->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("platformAuthExchangeCodeBodyIntro", realmName)}</p>
<p style="font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace; font-size: 24px; font-weight: bold; letter-spacing: 2px; background: #f2f2f2; padding: 12px 16px; display: inline-block; border-radius: 4px;"><code>${code}</code></p>
<p>${msg("platformAuthExchangeCodeBodyExpiry", ttlMinutes)}</p>
<p>${msg("platformAuthExchangeCodeBodyIgnore")}</p>
</@layout.emailLayout>
