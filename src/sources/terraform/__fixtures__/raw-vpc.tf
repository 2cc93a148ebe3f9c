# A hand-written VPC: three private node subnets from a list of zones, public subnets routed to an internet
# gateway, one NAT gateway (not one per zone), no flow log.
variable "azs" {
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

locals {
  cidr = "10.0.0.0/16"
  tags = { Team = "platform" }
}

resource "aws_vpc" "main" {
  cidr_block = local.cidr
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = var.azs[count.index]
  cidr_block        = cidrsubnet(local.cidr, 8, count.index)
  tags = merge(local.tags, {
    "kubernetes.io/role/internal-elb" = 1
  })
}

resource "aws_subnet" "public" {
  for_each                = { a = 0, b = 1, c = 2 }
  vpc_id                  = aws_vpc.main.id
  availability_zone       = element(var.azs, each.value)
  cidr_block              = cidrsubnet(local.cidr, 4, 8 + each.value)
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = 3
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_nat_gateway" "one" {
  subnet_id = aws_subnet.public["a"].id
}

resource "aws_eks_node_group" "system" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.nodes.arn
  subnet_ids    = aws_subnet.private[*].id
  ami_type      = "AL2023_x86_64_STANDARD"
}

resource "aws_iam_role" "nodes" {
  name = "prod-nodes"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "nodes" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    "arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy",
  ])
  role       = aws_iam_role.nodes.name
  policy_arn = each.value
}
