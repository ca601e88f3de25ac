using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Server.Infrastructure.Time;

namespace Fleet.Benchmarks.Load;

/// <summary>A person's side of the HTTP API: sign in once, then send commands with the bearer token.</summary>
internal sealed class FleetClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public async Task<string> SignInAsync(string login, string password)
    {
        var answer = await SendAsync(null, HttpMethod.Post, "/api/auth/token", new { loginName = login, password });
        return answer.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Sends one request and answers its JSON body; anything but a success is an error of the run.</summary>
    public async Task<JsonElement> SendAsync(string? token, HttpMethod method, string path, object? body = null, string? capture = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (capture is not null) request.Headers.Add(LoadServer.CaptureHeader, capture);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
