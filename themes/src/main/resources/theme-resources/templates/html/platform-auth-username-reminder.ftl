<#--
  Keycloak Platform Auth: the email reminding a user of their username(s) (HTML part).
  Attributes: usernames (list of strings, sorted, at least one); Keycloak adds realmName, user,
  locale, msg. Mirrors the text part.
-->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p><#if usernames?size gt 1>${msg("platformAuthUsernameReminderBodyIntroMany", realmName)}<#else>${msg("platformAuthUsernameReminderBodyIntro", realmName)}</#if></p>
<ul>
<#list usernames as name>
<li style="font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace; font-weight: bold;">${name}</li>
</#list>
</ul>
<p>${msg("platformAuthUsernameReminderBodyIgnore")}</p>
</@layout.emailLayout>
