using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Integrity;

/// <summary>The public half of the key that signs digest exports, for supervisors to keep beside their files.</summary>
public sealed record AuditSigningKey(string KeyId, string Algorithm, string PublicKeyPem);

/// <summary>
/// Signs digest exports with an ECDSA P-256 key kept in a file outside the database
/// (<c>Fleet:Audit:SigningKeyFile</c>, created on first use, readable by the server's account only). Whoever rewrites
/// the database cannot re-sign the files supervisors keep, and anybody holding the public key can check a file
/// without Fleet, with <c>openssl dgst -sha256 -verify</c> (docs/adr/006).
/// </summary>
public sealed class AuditSigner
{
    public const string Algorithm = "ECDSA P-256 SHA-256 (DER signature)";

    private readonly ECDsa _key;

    public AuditSigner(ECDsa key)
    {
        _key = key;
        PublicKey = new AuditSigningKey(Fingerprint(key), Algorithm, key.ExportSubjectPublicKeyInfoPem());
    }

    public AuditSigningKey PublicKey { get; }

    public static AuditSigner FromConfiguration(IConfiguration configuration, IHostEnvironment environment) =>
        new(LoadOrCreate(AuditKeyFile.SigningKey(configuration, environment)));

    /// <summary>A signature over the exact bytes of <paramref name="content"/>, base64.</summary>
    public string Sign(string content) =>
        Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public bool Verifies(string content, string signature)
    {
        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, bytes, out var length) &&
               _key.VerifyData(Encoding.UTF8.GetBytes(content), bytes.AsSpan(0, length), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>The first 16 bytes of the SHA-256 of the public key (SubjectPublicKeyInfo), hex: names the key in a file.</summary>
    public static string Fingerprint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..32];

    private static ECDsa LoadOrCreate(string file)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(AuditKeyFile.ReadOrCreate(file, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return created.ExportPkcs8PrivateKeyPem();
        }));
        if (key.KeySize != 256) throw new InvalidOperationException($"{file} holds no P-256 key: the audit signing key must be an ECDSA P-256 private key (PKCS#8 PEM).");
        return key;
    }
}
