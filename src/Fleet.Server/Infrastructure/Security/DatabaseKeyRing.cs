using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>One key of the ring that protects sign-in cookies and bearer tokens.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// Keeps the data-protection key ring in Fleet's database instead of the local file system, so that a
/// sign-in survives a restart and is honoured by every server node sharing the database. The interface is
/// synchronous and is called only when the ring is loaded or a key is added (every few months), so blocking
/// on the asynchronous store calls costs nothing measurable.
/// </summary>
public sealed class DatabaseKeyRing(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        var keys = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
        return keys.Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }

    public static IServiceCollection AddDatabaseKeyRing(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Fleet");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DatabaseKeyRing(sp.GetRequiredService<IDocumentStore>())));
        return services;
    }
}
