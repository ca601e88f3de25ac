using JasperFx.CommandLine;
using Fleet.Domain.People;
using Fleet.Domain.Organisations;

namespace Fleet.Server.Setup;

public sealed class SetupCityInput : NetCoreInput
{
    [Description("GB/T 2260 division code of the city, e.g. 420100")]
    public string Code { get; set; } = "";

    [Description("Name of the city, e.g. W市")]
    public string Name { get; set; } = "";

    [FlagAlias("admin", 'u')]
    [Description("Login name of the city's first fleet administrator")]
    public string AdminFlag { get; set; } = "admin";

    [Description("Display name of that administrator")]
    public string AdminNameFlag { get; set; } = "系统管理员";
}

/// <summary>
/// Sets up a real city once: the city organisation and its first fleet administrator (who is also the city's
/// supervisor). The password is read from FLEET_ADMIN_PASSWORD so that it never appears in a process listing.
/// </summary>
[Description("Set up the city and its first fleet administrator (password from FLEET_ADMIN_PASSWORD)", Name = "setup-city")]
public sealed class SetupCityCommand : JasperFxAsyncCommand<SetupCityInput>
{
    public SetupCityCommand()
    {
        Usage("Set up the city").Arguments(x => x.Code, x => x.Name);
    }

    public override async Task<bool> Execute(SetupCityInput input)
    {
        if (SetupHost.Password("the first administrator's") is not { } password) return false;

        return await SetupHost.RunAsync(input, async services =>
        {
            var setup = services.GetRequiredService<CitySetup>();
            var (city, _) = await setup.SetUpCityAsync(input.Code, input.Name, new RegisterUserForm(input.AdminFlag, input.AdminNameFlag, input.Code,
                [nameof(Role.FleetAdmin), nameof(Role.Supervisor)], password), CancellationToken.None);
            Console.WriteLine($"Set up {city.Name} ({city.Code}) with fleet administrator '{input.AdminFlag}'.");
        });
    }
}
