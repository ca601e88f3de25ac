using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>The languages Fleet answers in: 简体中文 unless the request asks for English.</summary>
public static class FleetCultures
{
    public static readonly CultureInfo[] Supported = [new("zh-CN"), new("en")];

    public static IServiceCollection AddFleetLocalization(this IServiceCollection services) =>
        services.AddRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Supported[0]);
            o.SupportedCultures = Supported;
            o.SupportedUICultures = Supported;
        });
}
