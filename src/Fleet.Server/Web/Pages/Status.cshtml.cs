using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Fleet.Server.Web.Pages;

/// <summary>What a browser shows for a page it may not see or that does not exist, keeping the status code.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; }

    public void OnGet() => Response.StatusCode = Code is >= 400 and < 600 ? Code : StatusCodes.Status404NotFound;

    // Re-executed for the method of the failed request, which may have been a form's POST.
    public void OnPost() => OnGet();
}
