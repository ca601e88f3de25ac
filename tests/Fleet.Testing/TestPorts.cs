using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing;

public static class TestPorts
{
    /// <summary>A loopback port nobody listens on at the moment of asking: for a server a test starts, or one it wants silent.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
