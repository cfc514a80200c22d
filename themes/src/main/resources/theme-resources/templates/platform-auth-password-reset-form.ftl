<#--
  Keycloak Platform Auth: the default landing page of password-reset links
  (/realms/{realm}/sentinel/password-reset?token=...), rendered by the sentinel realm resource.

  Attributes set by the resource:
    resetState     "form" (ask for the new password), "done" (it was set) or "invalid" (the link is
                   unknown, expired or spent)
    resetToken     the reset token, posted back in a hidden field (state "form" only)
    resetUsername  the account's username (states "form" and "done")
  Posts to url.loginAction (the same path): token, password, password-confirm.
  Field errors: "password" (policy, missing) and "password-confirm" (mismatch).

  The URL carries the token: the resource sends Referrer-Policy: no-referrer, the page loads only
  the theme's own resources and removes the token from the address bar once loaded.
  Markup: keycloak.v2 (PatternFly 5) with a fallback to the classic "keycloak" theme, using only
  ${properties.kc*} classes, so it renders under whatever login theme the realm uses.
-->
<#import "template.ftl" as layout>
<#assign v2Markup = properties.kcFormGroupLabelClass??>
<#assign state = resetState!"invalid">
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('password','password-confirm'); section>
<!-- template: platform-auth-password-reset-form.ftl -->
    <#if section = "header">
        <#if state = "form">${msg("platformAuthPasswordResetTitle")}<#elseif state = "done">${msg("platformAuthPasswordResetDoneTitle")}<#else>${msg("platformAuthPasswordResetInvalidTitle")}</#if>
    <#elseif section = "form">
        <div id="kc-form">
            <div id="kc-form-wrapper">
        <#if state = "form">
                <p id="kc-platform-auth-reset-account" class="${properties.kcFormGroupClass!}">${msg("platformAuthPasswordResetAccount", resetUsername!'')}</p>
                <form id="kc-platform-auth-reset-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;"
                      action="${url.loginAction}" method="post">
                    <input type="hidden" name="token" value="${resetToken!''}"/>
                    <input type="text" name="username" value="${resetUsername!''}" autocomplete="username" hidden readonly/>
                    <#list ["password", "password-confirm"] as field>
                    <#assign fieldError = messagesPerField.getFirstError(field)>
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${(v2Markup)?then(properties.kcFormGroupLabelClass!, properties.kcLabelWrapperClass!)}">
                            <label for="${field}" class="${properties.kcLabelClass!}"><#if field = "password">${msg("platformAuthPasswordResetNew")}<#else>${msg("platformAuthPasswordResetConfirm")}</#if></label>
                        </div>
                        <#if v2Markup>
                            <span class="${properties.kcInputClass!} <#if fieldError?has_content>${properties.kcError!}</#if>">
                                <input id="${field}" name="${field}" type="password" autocomplete="new-password" required
                                       <#if field = "password">autofocus</#if> aria-invalid="<#if fieldError?has_content>true</#if>"/>
                            </span>
                        <#else>
                            <div class="${properties.kcInputWrapperClass!}">
                                <input id="${field}" name="${field}" type="password" autocomplete="new-password" required
                                       class="${properties.kcInputClass!}" <#if field = "password">autofocus</#if>
                                       aria-invalid="<#if fieldError?has_content>true</#if>"/>
                            </div>
                        </#if>
                        <#if fieldError?has_content>
                            <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                                <span id="input-error-${field}" class="${properties.kcInputErrorMessageClass!}">
                                    ${kcSanitize(fieldError)?no_esc}
                                </span>
                            </div>
                        </#if>
                    </div>
                    </#list>

                    <div class="${properties.kcFormGroupClass!}">
                        <div id="kc-form-buttons" class="${(v2Markup)?then(properties.kcFormActionGroupClass!, properties.kcFormButtonsClass!)}">
                            <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                                    name="login" id="kc-login" type="submit">${msg("platformAuthPasswordResetSubmit")}</button>
                        </div>
                    </div>
                </form>
                <script>
                    // the token stays in the hidden field; keep it out of the address bar and the history
                    if (window.history && window.history.replaceState) {
                        window.history.replaceState(null, "", window.location.pathname);
                    }
                </script>
        <#elseif state = "done">
                <p id="kc-platform-auth-reset-done" class="${properties.kcFormGroupClass!}">${msg("platformAuthPasswordResetDone", resetUsername!'')}</p>
        <#else>
                <p id="kc-platform-auth-reset-invalid" class="${properties.kcFormGroupClass!}">${msg("platformAuthPasswordResetInvalid")}</p>
        </#if>
            </div>
        </div>
    </#if>
</@layout.registrationLayout>
