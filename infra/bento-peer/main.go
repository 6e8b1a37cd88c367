// A Bento binary with only the components the benchmark peer uses: the aws_sqs input, the kafka_franz output,
// and the pure and io basics (broker, stdout logging). Built by infra/bento-peer.ts into the download cache.
package main

import (
	"context"

	_ "github.com/warpstreamlabs/bento/public/components/aws"
	_ "github.com/warpstreamlabs/bento/public/components/io"
	_ "github.com/warpstreamlabs/bento/public/components/kafka"
	_ "github.com/warpstreamlabs/bento/public/components/pure"
	"github.com/warpstreamlabs/bento/public/service"
)

func main() { service.RunCLI(context.Background()) }
