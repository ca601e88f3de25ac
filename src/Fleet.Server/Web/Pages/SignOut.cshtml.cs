using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Server.Web.Pages;

public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        // Ends the sign-in on every server, not only this browser's cookie: a copy of the cookie is worth nothing after.
        await HttpContext.RequestServices.GetRequiredService<SignInGuard>().SignOutAsync(User, HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/sign-in");
    }
}
