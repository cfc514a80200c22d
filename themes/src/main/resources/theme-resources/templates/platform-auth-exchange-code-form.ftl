<#--
  Keycloak Platform Auth: second step of the email exchange-code login (authenticator
  platform-auth-exchange-code). Asks for the code that was emailed, and offers a resend.

  Attributes set by the authenticator:
    maskedEmail     string, the address the code went to, masked (a***@example.com)
    resendCooldown  number of seconds until a resend is allowed; 0 when it is allowed now
  Posts: the code form sends "code"; the resend form sends "resend=true".
  Field errors: the authenticator reports them on the field "code".

  Markup: keycloak.v2 (PatternFly 5) with a fallback to the classic "keycloak" theme, using only
  ${properties.kc*} classes, so it renders under whatever login theme the realm uses.
-->
<#import "template.ftl" as layout>
<#assign v2Markup = properties.kcFormGroupLabelClass??>
<#assign cooldown = resendCooldown!0>
<#if cooldown?is_string><#assign cooldown = cooldown?number></#if>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: platform-auth-exchange-code-form.ftl -->
    <#if section = "header">
        ${msg("platformAuthCodeTitle")}
    <#elseif section = "form">
        <div id="kc-form">
            <div id="kc-form-wrapper">
                <p id="kc-platform-auth-code-sent" class="${properties.kcFormGroupClass!} platform-auth-code-sent">
                    ${msg("platformAuthCodeSent", maskedEmail!'')}
                </p>

                <form id="kc-platform-auth-code-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;"
                      action="${url.loginAction}" method="post">
                    <#assign codeError = messagesPerField.getFirstError('code')>
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${(v2Markup)?then(properties.kcFormGroupLabelClass!, properties.kcLabelWrapperClass!)}">
                            <label for="code" class="${properties.kcLabelClass!}">${msg("platformAuthCodeLabel")}</label>
                        </div>
                        <#if v2Markup>
                            <span class="${properties.kcInputClass!} <#if codeError?has_content>${properties.kcError!}</#if>">
                                <input id="code" name="code" type="text" autocomplete="one-time-code" autofocus required
                                       autocapitalize="off" spellcheck="false" dir="ltr"
                                       aria-invalid="<#if codeError?has_content>true</#if>"/>
                            </span>
                        <#else>
                            <div class="${properties.kcInputWrapperClass!}">
                                <input id="code" name="code" type="text" autocomplete="one-time-code" autofocus required
                                       autocapitalize="off" spellcheck="false" dir="ltr" class="${properties.kcInputClass!}"
                                       aria-invalid="<#if codeError?has_content>true</#if>"/>
                            </div>
                        </#if>
                        <#if codeError?has_content>
                            <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                                <span id="input-error-code" class="${properties.kcInputErrorMessageClass!}">
                                    ${kcSanitize(codeError)?no_esc}
                                </span>
                            </div>
                        </#if>
                    </div>

                    <div class="${properties.kcFormGroupClass!}">
                        <div id="kc-form-buttons" class="${(v2Markup)?then(properties.kcFormActionGroupClass!, properties.kcFormButtonsClass!)}">
                            <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                                    name="login" id="kc-login" type="submit">${msg("platformAuthCodeSubmit")}</button>
                        </div>
                    </div>
                </form>

                <form id="kc-platform-auth-resend-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <input type="hidden" name="resend" value="true"/>
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${(v2Markup)?then(properties.kcFormActionGroupClass!, properties.kcFormButtonsClass!)}">
                            <button id="kc-platform-auth-resend" name="resendButton" type="submit"
                                    class="${properties.kcButtonClass!} ${(v2Markup)?then(properties.kcButtonSecondaryClass!, properties.kcButtonDefaultClass!)} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                                    data-cooldown="${cooldown?c}"
                                    data-label-ready="${msg('platformAuthCodeResend')}"
                                    data-label-wait="${msg('platformAuthCodeResendIn', '{0}')}"
                                    <#if cooldown gt 0>disabled</#if>><#if cooldown gt 0>${msg("platformAuthCodeResendIn", cooldown?c)}<#else>${msg("platformAuthCodeResend")}</#if></button>
                        </div>
                    </div>
                </form>
            </div>
        </div>
        <script>
            (function () {
                // Counts the resend cooldown down and enables the button when it reaches zero.
                // The server checks the interval again, so this is only a convenience.
                var button = document.getElementById("kc-platform-auth-resend");
                if (!button) { return; }
                var left = parseInt(button.getAttribute("data-cooldown"), 10) || 0;
                if (left <= 0) { return; }
                var wait = button.getAttribute("data-label-wait");
                var timer = setInterval(function () {
                    left -= 1;
                    if (left <= 0) {
                        clearInterval(timer);
                        button.textContent = button.getAttribute("data-label-ready");
                        button.disabled = false;
                    } else {
                        button.textContent = wait.replace("{0}", String(left));
                    }
                }, 1000);
            })();
        </script>
    </#if>
</@layout.registrationLayout>
