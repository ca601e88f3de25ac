using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Server.Web.Pages;

/// <summary>Switches the pages between 简体中文 and English, remembered in a cookie for a year.</summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = Infrastructure.Http.FleetCultures.Supported.FirstOrDefault(c => c.Name == culture) ?? Infrastructure.Http.FleetCultures.Supported[0];
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return LocalRedirect(returnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/");
    }
}
