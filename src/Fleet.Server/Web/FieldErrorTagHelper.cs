using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Fleet.Server.Web;

/// <summary>
/// <c>&lt;field-error for="purposeText" /&gt;</c>: the problem the server found with a field, next to it, linked to the
/// input by its id so that a screen reader reads it with the field. Nothing is written when the field is fine.
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public string For { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var page = ViewContext.ViewData.Model as WebPage;
        if (page?.ErrorFor(For) is not { } message)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", ErrorId(For));
        output.Content.SetContent(message);
    }

    public static string ErrorId(string field) => "error-" + new string(field.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
