namespace Fleet.Domain.Drivers;

/// <summary>
/// The classes of vehicle a Chinese driving licence permits (准驾车型, 《机动车驾驶证申领和使用规定》 annex 1),
/// limited to those that permit driving something a motor pool runs. Motorcycle, low-speed, tricycle,
/// trailer, machinery and tram classes (C3–C6, D, E, F, M, N, P) are left out: they never decide whether a
/// driver may take a pool vehicle.
/// </summary>
public enum LicenceClass
{
    /// <summary>大型客车: large passenger vehicles (20 seats or more, or 6 m and longer).</summary>
    A1,

    /// <summary>重型牵引挂车: heavy and medium articulated and drawbar combinations.</summary>
    A2,

    /// <summary>城市公交车: city public buses with more than 10 seats — and only those.</summary>
    A3,

    /// <summary>中型客车: medium passenger vehicles, 10 to 19 seats.</summary>
    B1,

    /// <summary>大型货车: heavy and medium lorries and special-purpose (operation) vehicles.</summary>
    B2,

    /// <summary>小型汽车: small and mini passenger cars up to 9 seats, light lorries, light special-purpose vehicles.</summary>
    C1,

    /// <summary>小型自动挡汽车: as <see cref="C1"/>, automatic transmission only.</summary>
    C2,
}
