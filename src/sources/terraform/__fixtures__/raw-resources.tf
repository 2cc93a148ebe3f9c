variable "public_cidrs" {
  type    = list(string)
  default = ["203.0.113.0/24"]
}

variable "kubernetes_version" {
  type = string
}

resource "aws_kms_key" "eks" {
  description = "EKS secrets"
  # rotation left off
}

resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = aws_iam_role.cluster.arn
  version  = var.kubernetes_version

  vpc_config {
    subnet_ids              = ["subnet-a", "subnet-b"]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = var.public_cidrs
  }

  encryption_config {
    provider {
      key_arn = aws_kms_key.eks.arn
    }
    resources = ["secrets"]
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      volume_type = "gp3"
      encrypted   = true
    }
  }
}

resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "system"
  subnet_ids      = ["subnet-a", "subnet-b"]
  ami_type        = "AL2_x86_64"

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }

  taint {
    key    = "CriticalAddonsOnly"
    value  = "true"
    effect = "NO_SCHEDULE"
  }
}

resource "aws_eks_node_group" "bare" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "bare"
  subnet_ids      = ["subnet-a"]
  ami_type        = "BOTTLEROCKET_x86_64"
  disk_size       = 40
}
