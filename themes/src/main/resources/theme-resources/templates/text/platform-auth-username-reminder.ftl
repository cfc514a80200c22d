<#ftl output_format="plainText">
<#--
  Keycloak Platform Auth: the email reminding a user of their username(s) (text part).
  Attributes: usernames (list of strings, sorted, at least one); Keycloak adds realmName, user,
  locale, msg. Each username stands alone on a line of its own.
-->
<#if usernames?size gt 1>
${msg("platformAuthUsernameReminderBodyIntroMany", realmName)}
<#else>
${msg("platformAuthUsernameReminderBodyIntro", realmName)}
</#if>

<#list usernames as name>
${name}
</#list>

${msg("platformAuthUsernameReminderBodyIgnore")}
