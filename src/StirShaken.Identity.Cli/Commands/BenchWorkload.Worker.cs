using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StirShaken.Identity.Cli.Commands;

internal sealed partial class BenchWorkload
{
    /// <summary>
    /// One thread's loop state. Latency samples go to a preallocated ring (no allocation per call); the thread's own
    /// public key instance keeps the ECDSA loop free of sharing.
    /// </summary>
    private sealed class Worker(BenchWorkload workload, int offset, int sampleCapacity) : IDisposable
    {
        private readonly ECDsa _key = workload._pki.Leaf.GetECDsaPublicKey()!;
        private readonly long[] _samples = new long[sampleCapacity];
        private long _recorded;
        private int _next = offset;
        private bool _verify;
        private bool _measure;
        private long _deadline;

        public long Count { get; private set; }

        public long Failures { get; private set; }

        public long[] Samples => _samples;

        public int SampleCount => (int)Math.Min(_recorded, _samples.Length);

        public void Prepare(bool verify, long deadline, bool measure)
        {
            _verify = verify;
            _deadline = deadline;
            _measure = measure;
            Count = 0;
            Failures = 0;
        }

        public void Loop()
        {
            var messages = workload._messages;
            var inputs = workload._signingInputs;
            var signatures = workload._signatures;
            var mask = _samples.Length - 1;
            var record = _verify && _measure;
            long count = 0, failures = 0;
            var i = _next;
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= _deadline)
                {
                    break;
                }

                var ok = _verify
                    ? workload.VerifyNow(messages[i]).IsSuccess
                    : _key.VerifyData(inputs[i], signatures[i], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                if (record)
                {
                    _samples[_recorded++ & mask] = Stopwatch.GetTimestamp() - start;
                }

                failures += ok ? 0 : 1;
                count++;
                if (++i == messages.Length)
                {
                    i = 0;
                }
            }

            _next = i;
            Count = count;
            Failures = failures;
        }

        public void Dispose() => _key.Dispose();
    }
}
