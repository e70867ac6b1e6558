using StirShaken.Identity.Cli;

namespace StirShaken.Identity.Interop.Tests.Cli;

/// <summary>
/// The bounded reorder window behind <c>verify --batch</c>: results come out in index order whatever order the
/// producers finish in, and no more than the capacity is ever held (what keeps the batch's memory constant).
/// </summary>
[TestFixture]
public sealed class ReorderWindowTests
{
    [Test]
    public void OutOfOrderProducers_SlowConsumer_InOrder_NeverAboveCapacity()
    {
        const int count = 2000;
        const int capacity = 8;
        var window = new ReorderWindow<long>(count, capacity);
        var producers = Enumerable.Range(0, 4).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            long index;
            while ((index = window.Next()) >= 0)
            {
                if (random.Next(8) == 0)
                {
                    Thread.Sleep(1); // finish out of order
                }

                window.Complete(index, index * 10);
            }
        })).ToList();
        producers.ForEach(p => p.Start());

        var taken = new List<long>(count);
        while (window.TryTake(out var item))
        {
            if (taken.Count % 100 == 0)
            {
                Thread.Sleep(2); // a slow writer: the producers fill the window and wait
            }

            taken.Add(item);
        }

        producers.ForEach(p => p.Join());
        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(Enumerable.Range(0, count).Select(i => i * 10L)));
            Assert.That(window.HighWaterMark, Is.InRange(1, capacity), "never more than the capacity held");
            Assert.That(window.Next(), Is.EqualTo(-1));
        });
    }

    [Test]
    public void FullWindow_ProducerWaits_UntilTheConsumerTakesTheOldest()
    {
        var window = new ReorderWindow<long>(100, 3);
        var first = new[] { window.Next(), window.Next(), window.Next() };
        long fourth = -2;
        var producer = new Thread(() => fourth = window.Next());
        producer.Start();
        Assert.That(producer.Join(TimeSpan.FromMilliseconds(300)), Is.False, "a fourth index would put 4 files between the writer and the workers");

        window.Complete(1, 1);
        window.Complete(2, 2);
        Assert.That(producer.Join(TimeSpan.FromMilliseconds(100)), Is.False, "completed but unwritten files still hold their place");

        window.Complete(0, 0);
        Assert.That(window.TryTake(out var taken), Is.True);
        Assert.That(producer.Join(TimeSpan.FromSeconds(30)), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new long[] { 0, 1, 2 }));
            Assert.That(taken, Is.Zero);
            Assert.That(fourth, Is.EqualTo(3));
            Assert.That(window.HighWaterMark, Is.EqualTo(3));
        });
    }

    [Test]
    public void ProducerFailure_IsRethrownToTheConsumer()
    {
        var window = new ReorderWindow<int>(10, 4);
        Assert.That(window.Next(), Is.Zero);
        window.Fail(new InvalidDataException("worker broke"));
        Assert.That(() => window.TryTake(out _), Throws.TypeOf<InvalidDataException>().With.Message.EqualTo("worker broke"));
        Assert.That(window.Next(), Is.EqualTo(-1), "producers stop after a failure");
    }

    [Test]
    public void Cancel_StopsProducers_AndTheConsumer()
    {
        var window = new ReorderWindow<int>(10, 1);
        Assert.That(window.Next(), Is.Zero);
        long next = -2;
        var blocked = new Thread(() => next = window.Next()); // waits: the window of 1 is full
        blocked.Start();
        window.Cancel();
        Assert.That(blocked.Join(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(next, Is.EqualTo(-1));
        Assert.That(() => window.TryTake(out _), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Empty_ConsumerEndsAtOnce()
    {
        var window = new ReorderWindow<int>(0, 4);
        Assert.Multiple(() =>
        {
            Assert.That(window.Next(), Is.EqualTo(-1));
            Assert.That(window.TryTake(out _), Is.False);
        });
    }
}
