using Microsoft.AspNetCore.Authentication.Cookies;
using Fleet.Server.People.SigningIn;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages;

/// <summary>Signs a person in through the same endpoint as the API's browser sign-in, with its lockout and rate limit.</summary>
public sealed class SignInModel : WebPage
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The browser was sent here because its sign-in had ended (ADR 010).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Ended { get; set; }

    [BindProperty]
    public string? LoginName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await Service<PasswordSignIn>().SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new SignInForm(LoginName, Password),
            HttpContext);
        if (result is ProblemHttpResult problem)
        {
            Show(problem.ProblemDetails);
            return Page();
        }

        return LocalRedirect(ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/");
    }
}
