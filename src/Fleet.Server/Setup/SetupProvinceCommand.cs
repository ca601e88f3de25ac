using JasperFx.CommandLine;
using Fleet.Domain.People;

namespace Fleet.Server.Setup;

public sealed class SetupProvinceInput : NetCoreInput
{
    [Description("GB/T 2260 division code of the province, e.g. 420000")]
    public string Code { get; set; } = "";

    [Description("Name of the province, e.g. 湖北省")]
    public string Name { get; set; } = "";

    [FlagAlias("supervisor", 'u')]
    [Description("Login name of a supervisor of the province")]
    public string SupervisorFlag { get; set; } = "province";

    [Description("Display name of that supervisor")]
    public string SupervisorNameFlag { get; set; } = "省级监管人员";
}

/// <summary>
/// Sets up the province above the listed cities (ADR 025) and gives one of its supervisors an account; run again with
/// another login to add a supervisor. The password is read from FLEET_ADMIN_PASSWORD so that it never appears in a process
/// listing. The province's organisation holds supervisors only, so nobody signed in can add them: this is the way.
/// </summary>
[Description("Set up the province above the listed cities and a supervisor of it (password from FLEET_ADMIN_PASSWORD)", Name = "setup-province")]
public sealed class SetupProvinceCommand : JasperFxAsyncCommand<SetupProvinceInput>
{
    public SetupProvinceCommand()
    {
        Usage("Set up the province").Arguments(x => x.Code, x => x.Name);
    }

    public override async Task<bool> Execute(SetupProvinceInput input)
    {
        if (SetupHost.Password("the supervisor's") is not { } password) return false;

        return await SetupHost.RunAsync(input, async services =>
        {
            var setup = services.GetRequiredService<CitySetup>();
            var (province, _) = await setup.SetUpProvinceAsync(input.Code, input.Name,
                new RegisterUserForm(input.SupervisorFlag, input.SupervisorNameFlag, input.Code, [nameof(Role.Supervisor)], password), CancellationToken.None);
            Console.WriteLine($"Set up {province.Name} ({province.Code}) with supervisor '{input.SupervisorFlag}'.");
        });
    }
}
