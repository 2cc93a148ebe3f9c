// The comparison cluster: eks-blueprints with one managed node group and 7 add-ons, synthesized in-process
// into the directory given as argv[2]. Peak memory is reported by the bench runner's preload.
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as blueprints from '@aws-quickstart/eks-blueprints';

const outdir = process.argv[2];
const app = new cdk.App({ outdir, analyticsReporting: false });
await blueprints.EksBlueprint.builder()
  .account('123456789012')
  .region('us-east-1')
  .version(eks.KubernetesVersion.V1_32)
  .clusterProvider(
    new blueprints.MngClusterProvider({
      version: eks.KubernetesVersion.V1_32,
      instanceTypes: [new ec2.InstanceType('m7g.large')],
      amiType: eks.NodegroupAmiType.AL2023_ARM_64_STANDARD,
      minSize: 2,
      maxSize: 4,
      desiredSize: 2,
    }),
  )
  .addOns(
    new blueprints.addons.VpcCniAddOn(),
    new blueprints.addons.CoreDnsAddOn(),
    new blueprints.addons.KubeProxyAddOn(),
    new blueprints.addons.EbsCsiDriverAddOn(),
    new blueprints.addons.EksPodIdentityAgentAddOn(),
    new blueprints.addons.MetricsServerAddOn(),
    new blueprints.addons.AwsLoadBalancerControllerAddOn(),
  )
  .buildAsync(app, 'blueprint');
app.synth();
