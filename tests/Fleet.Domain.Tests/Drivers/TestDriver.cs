using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using NodaTime;

namespace Fleet.Domain.Tests.Drivers;

/// <summary>A registered driver and the clock and zone of a Wuhan district pool, shared by the driver tests.</summary>
internal static class TestDriver
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>09:30 on Monday 2 November 2026 in Wuhan.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);

    public static readonly Guid Id = Guid.CreateVersion7();

    public static readonly DriverRegistered Registration = new(
        Id, "张伟", "420102", [LicenceClass.B1], "420102198503041234", new LocalDate(2030, 5, 1), "13800138000",
        Now - Duration.FromDays(30));

    public static Driver Active => Driver.From(Registration);

    public static Driver Suspended => Active.When(new DriverSuspended(Id, "交通事故调查中", Now - Duration.FromDays(1)));

    public static Driver Left => Active.When(new DriverLeftService(Id, "退休", Now - Duration.FromDays(1)));

    /// <summary>The instant the wall clocks of Wuhan show the given time.</summary>
    public static Instant Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    public static Interval Between(Instant start, Instant end) => new(start, end);
}
